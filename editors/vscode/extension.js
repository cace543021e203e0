// Starts `slalang lsp` (the command in the setting slalang.command) for .sla files.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const settings = vscode.workspace.getConfiguration("slalang");
  const [command, ...args] = settings.get("command", ["slalang", "lsp"]);
  client = new LanguageClient(
    "slalang",
    "slalang",
    { command, args },
    {
      documentSelector: [{ scheme: "file", language: "sla" }, { scheme: "untitled", language: "sla" }],
      initializationOptions: { debounceMs: settings.get("debounceMs", 50) },
    }
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
