// Placeholder entry so the bundle exists; the VS Code client arrives with its own issue.
export function activate(): void {}
export function deactivate(): void {}
