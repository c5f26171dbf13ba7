// Names compared the way a person would read them: the provider and a profile
// registered by hand may differ in letter case, in "ё" written as "е", and in
// spaces or hyphens of a double name ("Анна-Мария" / "Анна Мария"). Anything
// else (another letter, a changed surname) is another name.

export function normalizeName(name: string): string {
  return name.normalize('NFC').toLowerCase().replace(/ё/g, 'е').replace(/[\s\-‐‑–—]+/g, '');
}

export function sameName(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return false;
  const x = normalizeName(a);
  return x.length > 0 && x === normalizeName(b);
}
