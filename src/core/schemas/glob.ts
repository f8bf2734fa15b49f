// Minimal glob matching for the `secretref.credentialFiles` setting (`**`, `*`, `?`, `{a,b}`),
// so the core needs no extra dependency.
const cache = new Map<string, RegExp>();

export function globToRegExp(glob: string): RegExp {
  const cached = cache.get(glob);
  if (cached) return cached;
  let out = '';
  let inGroup = false;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') {
          i++;
          out += '(?:.*/)?';
        } else {
          out += '.*';
        }
      } else {
        out += '[^/]*';
      }
    } else if (c === '?') out += '[^/]';
    else if (c === '{') {
      inGroup = true;
      out += '(?:';
    } else if (c === '}' && inGroup) {
      inGroup = false;
      out += ')';
    } else if (c === ',' && inGroup) out += '|';
    else out += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  const regex = new RegExp(`^${out}$`);
  cache.set(glob, regex);
  return regex;
}

/**
 * True when `filePath` matches `glob`. Globs without a slash match the base name anywhere
 * (like `files.associations`); others match the path's tail, so workspace-relative globs work
 * on absolute paths too.
 */
export function matchesGlob(filePath: string, glob: string): boolean {
  const path = filePath.replace(/\\/g, '/');
  const regex = globToRegExp(glob.replace(/\\/g, '/').replace(/^\.\//, ''));
  if (!glob.includes('/')) return regex.test(path.slice(path.lastIndexOf('/') + 1));
  if (regex.test(path)) return true;
  // Try every tail that starts after a slash.
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
    if (regex.test(path.slice(i + 1))) return true;
  }
  return false;
}
