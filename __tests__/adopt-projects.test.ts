import * as fs from 'fs';
import * as path from 'path';
import { App, Testing } from 'cdktf';
import { adopt } from '../app/adopt';
import { adoptionRecordSchema } from '../app/adoption-record';
import { environmentSchema } from '../app/config-schema';
import { EnvironmentStack } from '../app/environment-stack';
import { FOUNDRY_USER } from '../constructs/azure/projects';
import { BROWNFIELD_ACCOUNT_ID, brownfieldEnvironment, copyExport } from '../test-support/brownfield';
import { configDir } from '../test-support/config-fixtures';
import { tempDir } from '../tools/offline/test-support/harness';

// Issue 24: npm run adopt reads an existing account's projects and their role assignments from the export.
const PROJECT_ID = `${BROWNFIELD_ACCOUNT_ID}/projects/chat-assistant`;
const PROJECT_IDENTITY = '8f0a2c4e-7a9c-4d1e-8f3a-5b7c9e1a3d60';
const DEVS = '6d8f0a2c-5e7a-4b9c-8d1e-3f5a7c9e1b48';
const DEV_ASSIGNMENT = 'd2e3f4a5-b6c7-4d8e-9f0a-1b2c3d4e5f60';
const IDENTITY_ASSIGNMENT = 'e3f4a5b6-c7d8-4e9f-8a1b-2c3d4e5f6071';
const STRANGER_ASSIGNMENT = 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f';
const ROLE = `/subscriptions/00000000-0000-0000-0000-000000000002/providers/Microsoft.Authorization/roleDefinitions/${FOUNDRY_USER.guid}`;
const assignment = (name: string, scope: string, principalId: string, principalType: string) => ({
  id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`, name, scope, principalId, principalType, roleDefinitionId: ROLE, roleDefinitionName: FOUNDRY_USER.roleName,
});

function exportWithProject(): string {
  const dir = copyExport(path.join(tempDir('adopt-projects-'), 'export'));
  fs.writeFileSync(path.join(dir, 'projects.json'), JSON.stringify([
    { id: PROJECT_ID, name: 'contoso-ai-prod/chat-assistant', location: 'swedencentral', identity: { type: 'SystemAssigned', principalId: PROJECT_IDENTITY } },
    { id: `${BROWNFIELD_ACCOUNT_ID}/projects/legacy`, name: 'legacy' },
  ]));
  // The project identity's grant on the account is in the account's list; the developers' at the project, in its own file.
  const accountList = JSON.parse(fs.readFileSync(path.join(dir, 'role-assignments.json'), 'utf8'));
  accountList.push(assignment(IDENTITY_ASSIGNMENT, BROWNFIELD_ACCOUNT_ID, PROJECT_IDENTITY, 'ServicePrincipal'));
  fs.writeFileSync(path.join(dir, 'role-assignments.json'), JSON.stringify(accountList));
  fs.mkdirSync(path.join(dir, 'project-role-assignments'));
  fs.writeFileSync(path.join(dir, 'project-role-assignments', 'chat-assistant.json'), JSON.stringify([
    assignment(DEV_ASSIGNMENT, PROJECT_ID, DEVS, 'Group'),
    assignment(STRANGER_ASSIGNMENT, PROJECT_ID, '9a0b1c2d-8e9f-4a0b-9c1d-2e3f4a5b6c7d', 'User'),
  ]));
  return dir;
}

const envWithProject = () => ({ ...brownfieldEnvironment(), projects: [{ name: 'chat-assistant', developers: [{ kind: 'group', objectId: DEVS, label: 'Chat developers' }] }] });

describe('npm run adopt with Foundry projects', () => {
  const dir = configDir({ 'prod.json': envWithProject() });
  const result = adopt({ configDir: dir, environment: 'prod', from: exportWithProject(), now: new Date('2026-12-03T12:00:00Z') });

  test('the existing project is recorded for import; its developers\' and its identity\'s assignments are adopted', () => {
    expect(result.record.projects).toEqual([{ project: 'Project-chat-assistant', id: PROJECT_ID }]);
    const adopted = Object.fromEntries(result.record.assignments.map((a) => [a.name, a.grant]));
    expect(adopted[DEV_ASSIGNMENT]).toMatch(/^Project-chat-assistant\/azure-ai-user-group-oid-6d8f0a2c/);
    expect(adopted[IDENTITY_ASSIGNMENT]).toBe('Project-chat-assistant/identity-on-account');
    expect(adoptionRecordSchema.safeParse(JSON.parse(fs.readFileSync(result.recordFile, 'utf8'))).success).toBe(true);
  });

  test('a project assignment the configuration does not make is listed with what to do; an unconfigured project is named', () => {
    const stranger = result.outside.find((o) => o.assignment.name === STRANGER_ASSIGNMENT)!;
    expect(stranger.note).toBe('granted at project chat-assistant: add the principal to that project\'s developers (projects[].developers) to manage it, or keep it unmanaged');
    expect(result.lines.join('\n')).toContain(`at ${PROJECT_ID}`);
    expect(result.lines).toContain('Foundry projects in Azure (2): 1 in the configuration, imported not created');
    expect(result.lines).toContain('  legacy: not in the configuration (projects[]): stays unmanaged');
  });

  test('the adopted stack imports the project and the project-scope grant', () => {
    const config = environmentSchema.parse(envWithProject());
    const stack = new EnvironmentStack(Testing.app() as App, { environment: 'prod', config, adopted: result.record });
    const json = JSON.parse(Testing.synth(stack, true));
    const imports = (json.import ?? []) as { id: string; to: string }[];
    expect(imports).toEqual(expect.arrayContaining([
      expect.objectContaining({ id: PROJECT_ID, to: expect.stringMatching(/^azurerm_cognitive_account_project\./) }),
      expect.objectContaining({ id: `${PROJECT_ID}/providers/Microsoft.Authorization/roleAssignments/${DEV_ASSIGNMENT}` }),
      expect.objectContaining({ id: `${BROWNFIELD_ACCOUNT_ID}/providers/Microsoft.Authorization/roleAssignments/${IDENTITY_ASSIGNMENT}` }),
    ]));
  });

  test('a projects.json of another account is refused, naming the file and the command', () => {
    const from = exportWithProject();
    fs.writeFileSync(path.join(from, 'projects.json'), JSON.stringify([{ id: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/other/projects/p', name: 'p' }]));
    expect(() => adopt({ configDir: dir, environment: 'prod', from, write: false })).toThrow(/projects\.json: \$\[0\]\.id: got .*expected a project of .*contoso-ai-prod/);
  });
});
