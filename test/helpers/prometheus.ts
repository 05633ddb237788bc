/** Reading what a /metrics answer and the shipped Grafana dashboard name, for the parity tests. */
import dashboard from '../../infra/grafana/twinplane-dashboard.json';

/** family -> type, from the `# TYPE` lines; every family must also have a `# HELP` line. */
export function families(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) out.set(name!, type!);
  for (const name of out.keys())
    if (!new RegExp(`^# HELP ${name} \\S`, 'm').test(text)) throw new Error(`${name} has no # HELP line`);
  return out;
}

/** Every metric family the dashboard's queries read (histogram series map to their family). */
export function dashboardFamilies(): Set<string> {
  const names = new Set<string>();
  for (const panel of dashboard.panels)
    for (const target of panel.targets)
      for (const [name] of target.expr.matchAll(/twinplane_[a-z_]+/g))
        names.add(name.replace(/_(bucket|sum|count)$/, ''));
  return names;
}
