/** The SQL dialects, the last languages of both lists below. */
const SQL_LANGS = ['sql:sqlite', 'sql:tsql', 'sql:bigquery', 'sql:mysql', 'sql:postgres', 'sql:ansi'] as const;

/** Languages of `llm-code` columns. */
export const CODE_LANGS = [
  'bash',
  'c',
  'cobol',
  'cpp',
  'csharp',
  'go',
  'java',
  'javascript',
  'kotlin',
  'python',
  'ruby',
  'rust',
  'scala',
  'swift',
  'typescript',
  ...SQL_LANGS,
] as const;

/** A code language name. */
export type CodeLang = (typeof CODE_LANGS)[number];

/** Languages the `code` validator supports (javascript and typescript are our additions). */
export const CODE_VALIDATOR_LANGS = ['python', 'javascript', 'typescript', ...SQL_LANGS] as const;
