export {
  CompositeResolver,
  defaultSecretResolver,
  EnvironmentResolver,
  PlaintextResolver,
  secretEnvironment,
  SecretResolutionError,
  SecretsFileResolver,
  type SecretResolver,
} from './secret-resolver.js';
