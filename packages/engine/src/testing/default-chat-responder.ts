import { findRequestedCodeLanguage } from './find-requested-code-language.js';
import { generateSchemaInstance } from './generate-schema-instance.js';
import type { ChatReply, ChatRequestBody, ChatResponderContext, WireChatMessage } from './llm-test-server-options.js';
import { TINY_PNG_BASE64 } from './tiny-png.js';

// The schema is the JSON between the last pair of tags (prompts may mention the tag names in prose).
const SCHEMA_PATTERN = /<response_schema>\s*(\{[\s\S]*\})\s*<\/response_schema>\s*$/;

/**
 * The default responder: a ```json instance of a `<response_schema>`, a fenced code block when code is asked
 * for, a tiny PNG for image models, else `Reply to: <last user text, first 200 chars>`.
 */
export function defaultChatResponder(request: ChatRequestBody, context: ChatResponderContext): ChatReply {
  const prompt = lastUserText(request.messages);
  const schemaMatch = SCHEMA_PATTERN.exec(prompt);
  if (schemaMatch?.[1] !== undefined) {
    let instance: unknown = {};
    try {
      instance = generateSchemaInstance(JSON.parse(schemaMatch[1]));
    } catch {
      // An unparsable schema still gets a fenced (empty) object.
    }
    return `\`\`\`json\n${JSON.stringify(instance, null, 2)}\n\`\`\``;
  }
  const echo = `Reply to: ${prompt.slice(0, 200)}`;
  if (context.imageModel) return { content: 'Here is the generated image.', images: [TINY_PNG_BASE64] };
  const language = findRequestedCodeLanguage(prompt);
  if (language !== null) return `\`\`\`${language}\n${codeSnippet(language, prompt.slice(0, 80))}\n\`\`\``;
  return echo;
}

/** The text of the last user message (text blocks joined by `\n`). */
export function lastUserText(messages: WireChatMessage[]): string {
  for (const message of [...messages].reverse()) {
    if (message.role === 'user') return messageText(message);
  }
  return '';
}

/** The text of one wire message (text blocks joined by `\n`). */
export function messageText(message: WireChatMessage): string {
  const content = message.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter((block) => block.type === 'text' && typeof block.text === 'string')
    .map((block) => block.text)
    .join('\n');
}

function codeSnippet(language: string, topic: string): string {
  const oneLine = topic.replace(/\s+/g, ' ').trim();
  switch (language.toLowerCase()) {
    case 'python':
      return `def reply() -> str:\n    return ${JSON.stringify(oneLine)}\n\n\nprint(reply())`;
    case 'sql':
      return `SELECT '${oneLine.replace(/'/g, "''")}' AS reply;`;
    case 'bash':
    case 'shell':
    case 'sh':
      return `echo '${oneLine.replace(/'/g, "'\\''")}'`;
    case 'javascript':
    case 'typescript':
    case 'js':
    case 'ts':
      return `console.log(${JSON.stringify(oneLine)});`;
    default:
      return `// Reply to: ${oneLine.replace(/\*\//g, '')}`;
  }
}
