export { connectClient } from '../../libraries/pg.js';
