/** Python `fnmatch.fnmatchcase` patterns as a RegExp over a whole basename (shared with @dd/config). */
export { globToRegExp as fnmatchToRegExp } from '@dd/config';
