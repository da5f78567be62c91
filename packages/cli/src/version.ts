/** Version of the CLI package (kept in step with @dd/config and @dd/engine by changesets). */
export const CLI_VERSION = '0.1.0';
