export { importOptionalPackages, MissingOptionalPackageError } from './import-optional-packages.js';
