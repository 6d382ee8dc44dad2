/** The chip a Tuya module name stands for (names are case-insensitive; "wb2l" is seen in real data). */
export function chipOfTuyaModule(module: string): string | null {
  const name = module.toUpperCase();
  if (name.startsWith('W') && name.length >= 3) {
    if (name[2] === 'R') return 'RTL87x0C';
    if (name[2] === 'D') return 'RDA5981';
    return 'BK7231T';
  }
  if (name.startsWith('CB')) return 'BK7231N';
  if (name.startsWith('CR')) return 'RTL87x0C';
  if (name === 'T34' || name.startsWith('T2')) return 'BK7231N';
  if (name.startsWith('T1')) return 'BK7238';
  if (name.startsWith('T3')) return 'BK7236';
  if (name.startsWith('T4')) return 'BK7252N';
  if (name.startsWith('T5')) return 'BK7258';
  if (name.startsWith('X')) return 'XR809';
  return null;
}

/** The chip family named by the `em_sys_env` key ("bk7231n", "BK7231S_2M" = the T family). */
export function chipOfSysEnv(env: string): string | null {
  const name = env.toLowerCase();
  if (name.startsWith('bk7231n')) return 'BK7231N';
  if (name.startsWith('bk7231s') || name.startsWith('bk7231t') || name.startsWith('bk7231u')) return 'BK7231T';
  return null;
}
