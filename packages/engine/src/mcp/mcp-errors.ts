// The MCP error classes live with the model errors (the model facade throws them on tool turns), so
// models never import mcp; this file keeps the mcp names where they always were.
export { MCPConfigurationError, MCPToolError } from '../models/errors/mcp-errors.js';
