import { resolve } from 'node:path';
import { auditLines, isDataDir, readAuditAnchor } from '../audit/readAuditFiles.ts';
import { verifyChain } from '../audit/verifyChain.ts';

/** `audit verify [--data-dir DIR]`: 0 when the chain is intact, 1 at the first broken link. */
export async function auditVerify(args: string[], print: (line: string) => void): Promise<number> {
  const flag = args.indexOf('--data-dir');
  const dataDir = resolve(flag >= 0 ? (args[flag + 1] ?? '') : (process.env.HITCH_DATA_DIR ?? './data'));
  if (!(await isDataDir(dataDir))) {
    print(`hitch: ${dataDir} is not a Hitch data dir (no state.json); pass --data-dir`);
    return 2;
  }
  const anchor = await readAuditAnchor(dataDir);
  const report = await verifyChain(auditLines(dataDir), anchor);
  if (report.intact) {
    const since = anchor ? `, anchored after ${anchor.lastId} (${anchor.timestamp}) where retention pruned` : '';
    print(`audit log intact (${report.entries} entries${since})`);
    print(`head hash: ${report.head}`);
    return 0;
  }
  print(`audit log BROKEN at ${report.file} line ${report.line}${report.id ? ` (entry ${report.id})` : ''}: ${report.reason}`);
  print(`${report.entries} entries before it are intact`);
  return 1;
}
