// Every test file gets its own empty DATA_DESIGNER_HOME, so code that seeds the home folder on first
// use (DataDesigner writes the default model files, as the original does) never touches ~/.data-designer.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

process.env.DATA_DESIGNER_HOME = mkdtempSync(path.join(os.tmpdir(), 'dd-test-home-'));
