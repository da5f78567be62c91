/** Version of this library, written as `library_version` in config files. */
export const LIBRARY_VERSION = '0.1.0';
