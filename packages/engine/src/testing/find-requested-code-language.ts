/** Language names recognised in free text such as "write Python code". */
const KNOWN_LANGUAGES = [
  'python',
  'sql',
  'javascript',
  'typescript',
  'java',
  'go',
  'rust',
  'bash',
  'shell',
  'ruby',
  'kotlin',
  'scala',
  'swift',
  'php',
  'perl',
  'haskell',
  'lua',
  'r',
  'c',
  'cpp',
  'c++',
  'csharp',
  'c#',
  'html',
  'css',
  'yaml',
];

/**
 * The language a prompt asks code in, or null: a fence label (```python), "fence labelled `sql`",
 * or "code in Python". `json` never counts (that is the structured-output recipe).
 */
export function findRequestedCodeLanguage(prompt: string): string | null {
  const labelled = /(?:fence|block)\s+(?:labell?ed|tagged|marked|annotated)\s+(?:with\s+|as\s+)?(?:the\s+language\s+)?[`'"]?([A-Za-z][\w+#.-]*)/i.exec(prompt);
  if (labelled?.[1] !== undefined && isCodeLanguage(labelled[1])) return labelled[1];
  const fence = /```([A-Za-z][\w+#.-]*)/.exec(prompt);
  if (fence?.[1] !== undefined && isCodeLanguage(fence[1])) return fence[1];
  const phrase = /\bcode\b[^.\n]{0,40}?\bin\s+(?:the\s+)?([A-Za-z][\w+#]*)/i.exec(prompt) ?? /\b([A-Za-z][\w+#]*)\s+code\b/i.exec(prompt);
  const named = phrase?.[1]?.toLowerCase();
  if (named !== undefined && KNOWN_LANGUAGES.includes(named)) return named;
  return null;
}

function isCodeLanguage(label: string): boolean {
  const lower = label.toLowerCase();
  return lower !== 'json' && lower !== 'language' && lower !== 'the';
}
