/**
 * `argocd-cm` key of the custom health check for `argoproj.io/Application`. Argo CD 1.8 removed the built-in health
 * assessment of Applications (argoproj/argo-cd#3781), so without this key a parent app sees its child Applications
 * as having no health: the parent's sync moves to the next sync wave as soon as the children are *applied*, not when
 * they are *Healthy*. Sync waves of an app-of-apps then order nothing.
 */
export const APPLICATION_HEALTH_KEY = 'resource.customizations.health.argoproj.io_Application';

/**
 * The Lua health check, verbatim from the Argo CD documentation (docs/operator-manual/health.md, "Argo CD App";
 * the same check as in docs/operator-manual/upgrading/1.7-1.8.md, but starting from "Progressing" so that a child
 * app without status yet is waited for). It reports the child Application's own health.
 */
export const APPLICATION_HEALTH_LUA = [
  'hs = {}',
  'hs.status = "Progressing"',
  'hs.message = ""',
  'if obj.status ~= nil then',
  '  if obj.status.health ~= nil then',
  '    hs.status = obj.status.health.status',
  '    if obj.status.health.message ~= nil then',
  '      hs.message = obj.status.health.message',
  '    end',
  '  end',
  'end',
  'return hs',
  '',
].join('\n');
