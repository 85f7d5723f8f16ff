import { join } from 'node:path';
import { tempDir } from '../helpers/tmp.js';
import { describeStateBackend } from './backend-contract.js';

describeStateBackend('file', () => join(tempDir('mai-contacts-contract-'), 'contacts.state.json'));
