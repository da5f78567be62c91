import { DataDesignerError, type DataDesignerErrorOptions } from '@dd/config';

const TOOL_ERROR = 'MCPToolError';
const CONFIG_ERROR = 'MCPConfigurationError';

/** A tool call could not be executed (disallowed tool, bad JSON arguments, provider failure, timeout). */
export class MCPToolError extends DataDesignerError {
  /** Marker kind of this class. */
  static override readonly kind: string = TOOL_ERROR;

  /** Whether the scheduler may retry the task (only provider connection failures are transient). */
  readonly isRetryable: boolean;
  readonly isPreserved = false;

  constructor(message: string, options: DataDesignerErrorOptions & { isRetryable?: boolean } = {}) {
    super(TOOL_ERROR, message, options);
    this.isRetryable = options.isRetryable ?? false;
  }
}

/** Tool configs or MCP providers do not fit together (unknown alias or provider, duplicate or missing tools). */
export class MCPConfigurationError extends DataDesignerError {
  /** Marker kind of this class. */
  static override readonly kind: string = CONFIG_ERROR;

  readonly isRetryable = false;
  readonly isPreserved = false;

  constructor(message: string, options: DataDesignerErrorOptions = {}) {
    super(CONFIG_ERROR, message, options);
  }
}
