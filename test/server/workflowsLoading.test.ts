import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WorkflowLoadError } from '../../server/activity/workflows/loadWorkflows.ts';
import { startTestHitch } from '../helpers/startTestHitch.ts';
import { tempDataDir } from '../helpers/testConfig.ts';
import { workflowModule, workflowsDir } from '../helpers/workflowsDir.ts';

const valid = (id: string) => workflowModule(`{ id: '${id}', name: 'Valid', integration: 'crm', triggers: { manual: true }, run: () => null }`);

/** Starting with these modules must fail, naming the file and the reason. */
async function refusedStart(modules: Record<string, string>, reason: RegExp) {
  const dir = workflowsDir(modules);
  await assert.rejects(startTestHitch({ env: { HITCH_WORKFLOWS_DIR: dir } }), (error: Error) => {
    assert.ok(error instanceof WorkflowLoadError, String(error));
    assert.match(error.message, reason);
    return true;
  });
}

describe('loading workflow modules at start', () => {
  it('loads TypeScript and JavaScript modules, skipping helpers and sub-folders', async () => {
    const dir = workflowsDir({
      'a.ts': valid('a'),
      'b.mjs': `export default { id: 'b', name: 'B', integration: 'crm', triggers: { schedule: '0 * * * *' }, run() {} };\n`,
      '_shared.ts': 'export const notAWorkflow = 1;\n',
      'types.d.ts': 'export type Nothing = never;\n',
    });
    const hitch = await startTestHitch({ env: { HITCH_WORKFLOWS_DIR: dir } });
    try {
      const { body } = await hitch.admin.get('/v1/workflows');
      assert.deepEqual(body.data.map((workflow: { id: string }) => workflow.id), ['a', 'b']);
    } finally {
      await hitch.close();
    }
  });

  it('refuses a definition that does not validate', () =>
    refusedStart(
      { 'ok.ts': valid('ok'), 'bad-cron.ts': workflowModule(`{ id: 'bad', name: 'Bad', integration: 'crm', triggers: { schedule: 'every day' }, run() {} }`) },
      /bad-cron\.ts: triggers\.schedule: must be a valid cron pattern/,
    ));

  it('refuses a module that fails to import', () => refusedStart({ 'broken.ts': 'export default {{ not code' }, /broken\.ts: .*Expected identifier/));

  it('refuses a module without a default export', () =>
    refusedStart({ 'named.ts': 'export const workflow = {};\n' }, /named\.ts: no default export/));

  it('refuses a plain object missing run and with unknown triggers', () =>
    refusedStart(
      { 'plain.js': `export default { id: 'plain', name: 'Plain', integration: 'crm', triggers: { cron: '* * * * *' } };\n` },
      /plain\.js: triggers: Unrecognized key: "cron"; run: must be a function/,
    ));

  it('refuses two modules with the same id', () =>
    refusedStart({ 'one.ts': valid('twin'), 'two.ts': valid('twin') }, /two\.ts: the id "twin" is also used by .*one\.ts/));

  it('refuses a folder that cannot be read', async () => {
    await assert.rejects(startTestHitch({ env: { HITCH_WORKFLOWS_DIR: `${tempDataDir()}/missing` } }), /Invalid HITCH_WORKFLOWS_DIR: .*missing cannot be read \(ENOENT\)/);
  });
});
