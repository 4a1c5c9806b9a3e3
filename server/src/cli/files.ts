/** Discovery and reading moved to ../node/files (shared with the language server); re-exported for the CLI's modules. */
export { readText, toPath, toUri } from '../node/files';
