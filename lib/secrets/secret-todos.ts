import type { IConstruct } from 'constructs';

/** One thing a user must do before the platform's secrets are complete. Never holds a secret value. */
export interface SecretTodo {
  /** What is missing, e.g. `platform/secrets/capmox-credentials.sops.yaml does not exist`. */
  readonly title: string;
  /** The command or step that fixes it. */
  readonly fix: string;
  /** Construct path of the reference that needs it. */
  readonly constructPath: string;
  /**
   * The file the item is about (repository-relative), if any.
   * @default - none
   */
  readonly file?: string | undefined;
}

/**
 * The `TODO(secrets)` checklist of one app: constructs record what is missing (an encrypted file that does not exist
 * yet, a placeholder age recipient) instead of faking it, and synth still writes everything else.
 */
export class SecretTodos {
  /** The checklist of the app `scope` belongs to (created on first use; shared by every construct of that app). */
  public static of(scope: IConstruct): SecretTodos {
    const root = scope.node.root as unknown as Record<symbol, SecretTodos | undefined>;
    let todos = root[TODOS_SYMBOL];
    if (!todos) {
      todos = new SecretTodos();
      Object.defineProperty(root, TODOS_SYMBOL, { value: todos, enumerable: false });
    }
    return todos;
  }

  private readonly items = new Map<string, SecretTodo>();

  private constructor() {}

  /** Records an item; the same title and file from the same construct is recorded once. */
  public add(todo: SecretTodo): void {
    this.items.set(`${todo.constructPath}\u0000${todo.file ?? ''}\u0000${todo.title}`, todo);
  }

  /** Every item, sorted by file, then title, then construct path. */
  public get all(): SecretTodo[] {
    return sortTodos([...this.items.values()]);
  }
}

/**
 * Every `TODO(secrets)` item recorded under the given apps (pass both the CDKTF and the cdk8s app), sorted and with
 * duplicates (same title and file) merged.
 */
export function collectSecretTodos(...apps: IConstruct[]): SecretTodo[] {
  const seen = new Map<string, SecretTodo>();
  for (const app of apps) {
    for (const todo of SecretTodos.of(app).all) {
      const key = `${todo.file ?? ''}\u0000${todo.title}`;
      if (!seen.has(key)) seen.set(key, todo);
    }
  }
  return sortTodos([...seen.values()]);
}

/**
 * The checklist as Markdown (markdownlint-clean): a heading, then one `- [ ]` item per todo with its fix and the
 * construct that needs it. An empty list gives a one-line "nothing to do" report.
 */
export function formatTodoReport(todos: readonly SecretTodo[]): string {
  const lines = ['# TODO(secrets)', ''];
  if (todos.length === 0) {
    lines.push('Nothing to do: every secret the platform references exists and is encrypted.');
    return lines.join('\n') + '\n';
  }
  lines.push(
    `${todos.length} item${todos.length === 1 ? '' : 's'}. Everything else was synthesized; these secrets are not in ` +
      'the output until you do this. See docs/secrets.md.',
    '',
  );
  for (const t of todos) {
    lines.push(`- [ ] TODO(secrets): ${t.title}`, `  - fix: ${t.fix}`, `  - needed by: \`${t.constructPath}\``);
  }
  return lines.join('\n') + '\n';
}

/** One line per item, for the end of the synth output: `TODO(secrets): <title> -> <fix>`. */
export function formatTodoLines(todos: readonly SecretTodo[]): string {
  return todos.map((t) => `TODO(secrets): ${t.title} -> ${t.fix}`).join('\n');
}

function sortTodos(todos: SecretTodo[]): SecretTodo[] {
  const key = (t: SecretTodo): string => `${t.file ?? ''}\u0000${t.title}\u0000${t.constructPath}`;
  return todos.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

const TODOS_SYMBOL = Symbol.for('talos-platform-cdk.SecretTodos');
