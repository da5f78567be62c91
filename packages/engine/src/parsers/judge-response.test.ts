import { buildJudgeSchema, coerceScoreValue, createJudgeResponseParser, type JudgeScore } from './index.js';

const scores: JudgeScore[] = [
  { name: 'Accuracy', description: 'Is it right?', options: { '1': 'wrong', '2': 'partly', '3': 'right' } },
  { name: 'Tone', description: 'How does it sound?', options: { good: 'friendly', bad: 'rude' } },
];

describe('buildJudgeSchema', () => {
  it('has the Pydantic shape with $defs and enum titles', () => {
    expect(buildJudgeSchema(scores)).toEqual({
      $defs: {
        Accuracy: {
          description: 'Is it right?',
          properties: {
            reasoning: { description: 'Reasoning for the assigned score.', title: 'Reasoning', type: 'string' },
            score: { $ref: '#/$defs/AccuracyEnum', description: 'Score Descriptions for AccuracyEnum:\n* 1: wrong\n* 2: partly\n* 3: right' },
          },
          required: ['reasoning', 'score'],
          title: 'Accuracy',
          type: 'object',
        },
        AccuracyEnum: { enum: ['1', '2', '3'], title: 'AccuracyEnum', type: 'string' },
        Tone: expect.objectContaining({ title: 'Tone' }),
        ToneEnum: { enum: ['good', 'bad'], title: 'ToneEnum', type: 'string' },
      },
      description: "Response schema for scores with the following names: ['Accuracy', 'Tone'].",
      properties: { Accuracy: { $ref: '#/$defs/Accuracy' }, Tone: { $ref: '#/$defs/Tone' } },
      required: ['Accuracy', 'Tone'],
      title: 'JudgeStructuredOutput',
      type: 'object',
    });
  });

  it('types integer options as an integer enum', () => {
    const schema = buildJudgeSchema([
      {
        name: 'Q',
        description: '',
        options: new Map<number, string>([
          [1, 'a'],
          [2, 'b'],
        ]),
      },
    ]);
    expect((schema.$defs as Record<string, unknown>).QEnum).toEqual({ enum: [1, 2], title: 'QEnum', type: 'integer' });
    expect((schema.$defs as Record<string, Record<string, unknown>>).Q?.description).toBeUndefined();
  });
});

describe('coerceScoreValue', () => {
  it('matches exactly, then by trimmed case-folded text', () => {
    expect(coerceScoreValue('3', ['1', '3'])).toBe('3');
    expect(coerceScoreValue(3, ['1', '3'])).toBe('3');
    expect(coerceScoreValue('3', [1, 3])).toBe(3);
    expect(coerceScoreValue(3.0, [1, 3])).toBe(3);
    expect(coerceScoreValue(' Good ', ['good', 'bad'])).toBe('good');
  });

  it('never lets a bool match an int, and keeps ambiguous values', () => {
    expect(coerceScoreValue(true, [1, 0])).toBe(true);
    expect(coerceScoreValue('a', ['A', 'a '])).toBe('a');
    expect(coerceScoreValue('x', ['A', 'a'])).toBe('x');
  });
});

describe('createJudgeResponseParser', () => {
  const parse = createJudgeResponseParser(scores);

  it('coerces scores, prunes extras and returns fields in order', () => {
    const reply = '```json\n{"Tone": {"score": " Good ", "reasoning": "kind", "x": 1}, "Accuracy": {"reasoning": "ok", "score": 3}, "Other": {}}\n```';
    const result = parse(reply);
    expect(result).toEqual({ Accuracy: { reasoning: 'ok', score: '3' }, Tone: { reasoning: 'kind', score: 'good' } });
    expect(Object.keys(result)).toEqual(['Accuracy', 'Tone']);
  });

  it('rejects an unknown option', () => {
    expect(() => parse('```json\n{"Accuracy": {"reasoning": "", "score": 7}, "Tone": {"reasoning": "", "score": "good"}}\n```')).toThrow(
      /^Response doesn't match requested <response_schema>\n[\s\S]*- \$\.Accuracy\.score: must be one of \["1","2","3"\]/,
    );
  });

  it('parses and rejects the same after warmUp built its validator ahead of the first reply', () => {
    const warmed = createJudgeResponseParser(scores);
    warmed.warmUp();
    warmed.warmUp(); // once is enough; a second call keeps the validator
    const reply = '```json\n{"Tone": {"score": "bad", "reasoning": "r"}, "Accuracy": {"reasoning": "ok", "score": 1}}\n```';
    expect(warmed(reply)).toEqual({ Accuracy: { reasoning: 'ok', score: '1' }, Tone: { reasoning: 'r', score: 'bad' } });
    expect(() => warmed(reply.replace('"bad"', '"meh"'))).toThrow(/\$\.Tone\.score: must be one of/);
  });
});
