// Operator commands: `npm run hitch -- <command>`. Each command returns its exit code.
import { auditVerify } from './cli/auditVerify.ts';
import { rotateEncryptionKeyCommand } from './cli/rotateEncryptionKeyCommand.ts';

type Command = (args: string[], print: (line: string) => void) => Promise<number>;

const commands: Record<string, { usage: string; run: Command }> = {
  'audit verify': { usage: 'audit verify [--data-dir DIR]            check the audit log hash chain (read-only; safe while a server runs)', run: auditVerify },
  'rotate-encryption-key': {
    usage: 'rotate-encryption-key [--data-dir DIR]   reseal every stored secret with a new key (stop the server first)',
    run: rotateEncryptionKeyCommand,
  },
};

async function main(argv: string[]): Promise<number> {
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const name = Object.keys(commands).find((command) => argv.slice(0, command.split(' ').length).join(' ') === command);
  if (!name) {
    print(['usage: npm run hitch -- <command>', '', ...Object.values(commands).map(({ usage }) => `  ${usage}`)].join('\n'));
    return 2;
  }
  return commands[name].run(argv.slice(name.split(' ').length), print);
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: Error) => {
    process.stderr.write(`hitch: ${error.message}\n`);
    process.exitCode = 1;
  },
);
