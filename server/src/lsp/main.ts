import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { rules } from '../core/rules/registry';
import { startServer } from './server';

/**
 * Entry point of dist/server.js (`node dist/server.js --stdio`, or IPC when VS Code starts it).
 * KIJUN_FAULT_INJECTION=<rule-id> makes that rule throw — a test hook proving that one crashing
 * rule does not take the server or the other rules down.
 */
const faulty = process.env['KIJUN_FAULT_INJECTION'];
if (faulty) {
  for (const r of rules) {
    if (r.meta.id === faulty) {
      r.check = () => {
        throw new Error(`fault injected into ${faulty}`);
      };
    }
  }
}

startServer(createConnection(ProposedFeatures.all));
