import { zodIssuesToConfigIssues } from '@dd/config';
import { ExitError } from '../../errors/exit-error.js';
import { homeFile } from '../shared/home-paths.js';
import { omitNulls, readYamlList, writeYamlList } from '../shared/yaml-list-file.js';
import type { ConfigEntity } from './config-entities.js';

/** Reads and writes the entries of one home file, validating each with the entity's schema. */
export class EntryStore {
  readonly entity: ConfigEntity;
  readonly path: string;

  constructor(entity: ConfigEntity) {
    this.entity = entity;
    this.path = homeFile(entity.file);
  }

  /** Entries in file order; `undefined` when the file does not exist. */
  read(): Array<Record<string, unknown>> | undefined {
    return readYamlList(this.path, this.entity.key);
  }

  /** Entries in file order (empty when the file does not exist). */
  list(): Array<Record<string, unknown>> {
    return this.read() ?? [];
  }

  /** The entry whose id is `id`, if any. */
  find(id: string): Record<string, unknown> | undefined {
    return this.list().find((entry) => entry[this.entity.idField] === id);
  }

  /** Validates `entry` and returns it in file form (defaults filled in, nulls omitted); throws one line per problem. */
  validate(entry: Record<string, unknown>): Record<string, unknown> {
    const parsed = this.entity.schema.safeParse(entry);
    if (!parsed.success) {
      const lines = zodIssuesToConfigIssues(parsed.error, entry).map(
        (issue) => `  ✖ ${issue.path === '' ? '(root)' : issue.path}: ${issue.message}${issue.fix ? ` (${issue.fix})` : ''}`,
      );
      throw new ExitError(`Invalid ${this.entity.label}:\n${lines.join('\n')}`, 1);
    }
    return omitNulls(parsed.data as Record<string, unknown>);
  }

  /** Adds a new entry (id must be unused) or, with `replace`, updates the existing one in place. */
  upsert(entry: Record<string, unknown>, replace: boolean): Record<string, unknown> {
    const valid = this.validate(entry);
    const id = String(valid[this.entity.idField]);
    const entries = this.list();
    const index = entries.findIndex((existing) => existing[this.entity.idField] === id);
    if (index >= 0 && !replace) {
      throw new ExitError(`A ${this.entity.label} named '${id}' already exists.`, 1, {
        fix: `Use \`data-designer config ${this.entity.command} update\` or pick another ${this.entity.idField}.`,
      });
    }
    if (index < 0 && replace) {
      throw new ExitError(`No ${this.entity.label} named '${id}'.`, 1, { fix: `Run \`data-designer config ${this.entity.command} list\`.` });
    }
    if (index >= 0) entries[index] = valid;
    else entries.push(valid);
    writeYamlList(this.path, this.entity.key, entries);
    return valid;
  }

  /** Removes the entries whose ids are given; throws when one is unknown. */
  remove(ids: readonly string[]): void {
    const entries = this.list();
    for (const id of ids) {
      if (!entries.some((entry) => entry[this.entity.idField] === id)) {
        throw new ExitError(`No ${this.entity.label} named '${id}'.`, 1, { fix: `Run \`data-designer config ${this.entity.command} list\`.` });
      }
    }
    writeYamlList(
      this.path,
      this.entity.key,
      entries.filter((entry) => !ids.includes(String(entry[this.entity.idField]))),
    );
  }
}
