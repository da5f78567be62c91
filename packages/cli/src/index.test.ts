import { CLI_DEPENDS_ON } from './index.js';
it('reaches config through engine', () => { expect(CLI_DEPENDS_ON).toBe('@dd/config'); });
