/** Entry of `dist/languageClient.js` (vscode-languageclient is larger than the whole activation bundle may be). */
export { startLanguageClient } from './languageClient';
export { adoptLog } from './log';
