// `osservatorio users add | list | set | disable | reset-password`: dashboard
// users, their roles and home territories. Passwords come from stdin (--password-stdin) or are
// generated and printed once; they are never logged or written anywhere else.
import type { Command } from 'commander';
import { print, withDataOptions, withWarehouse, type GlobalOptions } from '../context.ts';
import { UsageError } from '../errors.ts';
import { addUser, disableUser, listUsers, resetPassword, setHome, UserError } from '../../warehouse/accounts/users.ts';
import { HomeError, homeText, parseHome } from '../../warehouse/accounts/home.ts';
import { parseScope, scopeItems, ScopeError } from '../../warehouse/accounts/account.ts';
import { generatePassword, PasswordPolicyError } from '../../warehouse/accounts/passwords.ts';
import { recordAudit } from '../../warehouse/access/audit.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One trailing newline is the shell's, not the password's.
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function obtainPassword(fromStdin: boolean | undefined): Promise<{ password: string; generated: boolean }> {
  if (fromStdin) return { password: await readStdin(), generated: false };
  return { password: generatePassword(), generated: true };
}

async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof UserError || err instanceof ScopeError || err instanceof HomeError || err instanceof PasswordPolicyError)
      throw new UsageError(err.message);
    throw err;
  }
}

const CLI_ACTOR = 'cli';

export function register(program: Command): void {
  const users = program.command('users').description('manage dashboard users: add, list, set, disable, reset-password');

  withDataOptions(
    users
      .command('add <username>')
      .description('add a user; the password is read from stdin (--password-stdin) or generated and printed once')
      .requiredOption('--role <role>', 'funder | analyst | director | admin')
      .option('--scope <items>', 'for funders: programme:CODE,project:CUP (comma-separated)')
      .option('--home <territory>', 'where the dashboard opens: region:CODE, province:CODE, comune:CODE or office:ID')
      .option('--password-stdin', 'read the password from standard input instead of generating one'),
  ).action(async (username: string, opts: GlobalOptions & { role: string; scope?: string; home?: string; passwordStdin?: boolean }) => {
    await guard(async () => {
      const scope = parseScope(opts.scope);
      const home = parseHome(opts.home);
      const { password, generated } = await obtainPassword(opts.passwordStdin);
      await withWarehouse(opts, 'write', async (wh) => {
        const user = await addUser(wh, { username, role: opts.role, scope, home, password });
        await recordAudit(wh, { actor: CLI_ACTOR, role: 'admin', action: 'user.add', target: user.username, outcome: 'ok', detail: user.role });
        print(`added ${user.username} (${user.role}${user.role === 'funder' ? `, scope ${scopeItems(user.scope).join(',')}` : ''})`);
      });
      if (generated) print(`password (shown once, store it now): ${password}`);
    });
  });

  withDataOptions(users.command('list').description('list users, roles, scopes and status (never passwords)').option('--json', 'print JSON')).action(
    async (opts: GlobalOptions & { json?: boolean }) => {
      await withWarehouse(opts, 'read', async (wh) => {
        const list = await listUsers(wh);
        if (opts.json) return print(JSON.stringify(list, null, 2));
        if (!list.length) return print("no users; add one with 'osservatorio users add <username> --role analyst'");
        for (const u of list) {
          print(
            [
              u.username.padEnd(24),
              u.role.padEnd(9),
              u.disabled ? 'disabled' : 'active  ',
              u.demo ? 'demo' : '    ',
              scopeItems(u.scope).join(',') || '-',
              u.home ? `home ${homeText(u.home)}` : '',
            ]
              .join(' ')
              .trimEnd(),
          );
        }
      });
    },
  );

  withDataOptions(
    users
      .command('set <username>')
      .description("change a user's home territory (where the dashboard opens); --home '' clears it")
      .requiredOption('--home <territory>', "region:CODE, province:CODE, comune:CODE or office:ID; '' for none"),
  ).action(async (username: string, opts: GlobalOptions & { home: string }) => {
    await guard(async () => {
      const home = parseHome(opts.home);
      await withWarehouse(opts, 'write', async (wh) => {
        await setHome(wh, username, home);
        await recordAudit(wh, { actor: CLI_ACTOR, role: 'admin', action: 'user.set_home', target: username, outcome: 'ok', detail: homeText(home) ?? 'none' });
        print(home ? `${username} opens on ${homeText(home)}` : `${username} has no home territory`);
      });
    });
  });

  withDataOptions(users.command('disable <username>').description('disable a user and end their sessions')).action(
    async (username: string, opts: GlobalOptions) => {
      await guard(() =>
        withWarehouse(opts, 'write', async (wh) => {
          await disableUser(wh, username);
          await recordAudit(wh, { actor: CLI_ACTOR, role: 'admin', action: 'user.disable', target: username, outcome: 'ok' });
          print(`disabled ${username}; their sessions ended`);
        }),
      );
    },
  );

  withDataOptions(
    users
      .command('reset-password <username>')
      .description('set a new password (stdin with --password-stdin, else generated and printed once); re-enables the user')
      .option('--password-stdin', 'read the password from standard input instead of generating one'),
  ).action(async (username: string, opts: GlobalOptions & { passwordStdin?: boolean }) => {
    await guard(async () => {
      const { password, generated } = await obtainPassword(opts.passwordStdin);
      await withWarehouse(opts, 'write', async (wh) => {
        await resetPassword(wh, username, password);
        await recordAudit(wh, { actor: CLI_ACTOR, role: 'admin', action: 'user.reset_password', target: username, outcome: 'ok' });
        print(`password reset for ${username}; their sessions ended`);
      });
      if (generated) print(`password (shown once, store it now): ${password}`);
    });
  });

}
