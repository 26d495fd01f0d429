import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ESLint } from 'eslint';

/**
 * The dependency direction of ARCHITECTURE.md is enforced by lint, not by convention: these
 * probes lint source text as if it were a file in a project (nothing is written to disk) and
 * expect @nx/enforce-module-boundaries to refuse the wrong-way imports.
 */
const root = path.resolve(__dirname, '../../..');

describe('module boundaries', () => {
  let eslint: ESLint;

  beforeAll(() => {
    // The rule reads Nx's cached project graph; make sure it exists (as `nx run-many` does).
    execFileSync(path.join(root, 'node_modules/.bin/nx'), ['show', 'projects'], { cwd: root, stdio: 'ignore', env: { ...process.env, NX_DAEMON: 'false' } });
    eslint = new ESLint({ cwd: root });
  });

  async function boundaryErrors(file: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
    return result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
  }

  it('refuses @mi/domain importing @mi/platform', async () => {
    const errors = await boundaryErrors('libs/domain/src/probe.ts', "import { newUuidV7 } from '@mi/platform';\nexport const x = newUuidV7;\n");
    // Reported as a tag violation or, since platform depends on domain, as a cycle.
    expect(errors.join('\n')).toMatch(/type:domain|Circular dependency between "domain" and "platform"/);
  });

  it('refuses @mi/contracts importing @mi/platform', async () => {
    const errors = await boundaryErrors('libs/contracts/src/probe.ts', "import { newUuidV7 } from '@mi/platform';\nexport const x = newUuidV7;\n");
    expect(errors.join('\n')).toMatch(/type:contracts|Circular dependency between "contracts" and "platform"/);
  });

  it('refuses one app importing another', async () => {
    const errors = await boundaryErrors(
      'apps/credit-service/src/probe.ts',
      "import { InstitutionService } from '../../agreement-service/src/institution/institution.service';\nexport const x = InstitutionService;\n",
    );
    expect(errors.length).toBeGreaterThan(0);
  });

  it('allows the right direction (app → platform, contracts, domain)', async () => {
    const errors = await boundaryErrors(
      'apps/credit-service/src/probe.ts',
      "import { newUuidV7 } from '@mi/platform';\nimport { Subjects } from '@mi/contracts';\nimport { Admdvs } from '@mi/domain';\nexport const x = [newUuidV7, Subjects, Admdvs];\n",
    );
    expect(errors).toEqual([]);
  });

  it('refuses the admin portal importing @mi/platform or values of @mi/contracts', async () => {
    const [result] = await eslint.lintText(
      "import { newUuidV7 } from '@mi/platform';\nimport { Subjects } from '@mi/contracts';\nexport const x = [newUuidV7, Subjects];\n",
      {
        filePath: path.join(root, 'apps/admin-portal/src/probe.tsx'),
      },
    );
    const messages = result.messages.map((m) => `${m.ruleId}: ${m.message}`).join('\n');
    expect(messages).toMatch(/enforce-module-boundaries: A project tagged with "scope:portal"/);
    expect(messages).toMatch(/no-restricted-imports: '@mi\/contracts' import is restricted/);
  });

  it('allows the admin portal type-only imports of @mi/contracts and @mi/domain', async () => {
    const [result] = await eslint.lintText(
      "import type { AgreementView } from '@mi/contracts';\nimport type { Role } from '@mi/domain';\nexport type X = [AgreementView, Role];\n",
      { filePath: path.join(root, 'apps/admin-portal/src/probe.tsx') },
    );
    expect(result.messages).toEqual([]);
  });
});
