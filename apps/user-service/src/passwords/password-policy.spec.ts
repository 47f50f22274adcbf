import { passwordPolicyViolations } from './password-policy';

describe('password policy', () => {
  it('accepts a long passphrase, including non-ASCII characters', () => {
    expect(passwordPolicyViolations('correct horse battery staple')).toEqual([]);
    expect(passwordPolicyViolations('zwölf Äpfel für dich', 'ada@example.com')).toEqual([]);
  });

  it('counts characters, not bytes, for the minimum length', () => {
    expect(passwordPolicyViolations('short-pass1')).toEqual(['password must be at least 12 characters long']);
    expect(passwordPolicyViolations('ééééabcdefgh')).toEqual([]); // 12 characters, 16 bytes
  });

  it('refuses more than 72 UTF-8 bytes, which bcrypt would silently truncate', () => {
    expect(passwordPolicyViolations('a1b2'.repeat(18))).toEqual([]); // exactly 72 bytes
    expect(passwordPolicyViolations(`${'a1b2'.repeat(18)}x`)).toEqual([
      'password must be at most 72 bytes in UTF-8 (bcrypt ignores anything longer)',
    ]);
    // 40 characters but 80 bytes: the limit is in bytes because bcrypt's is.
    expect(passwordPolicyViolations('éèêë'.repeat(10))).toHaveLength(1);
  });

  it('refuses passwords made of very few different characters', () => {
    expect(passwordPolicyViolations('aaaaaaaaaaaaaaaa')).toEqual([
      'password must contain at least 4 different characters',
    ]);
    expect(passwordPolicyViolations('abababababab')).toHaveLength(1);
  });

  it('refuses passwords containing the email or its local part, in any case', () => {
    const rule = 'password must not contain the email address';
    expect(passwordPolicyViolations('Ada@Example.com!!', 'ada@example.com')).toEqual([rule]);
    expect(passwordPolicyViolations('my-LOVELACE-password', 'lovelace@example.com')).toEqual([rule]);
    // A short local part is not checked: "al" appears in plenty of good passwords.
    expect(passwordPolicyViolations('totally unrelated', 'al@example.com')).toEqual([]);
  });

  it('reports every broken rule at once', () => {
    expect(passwordPolicyViolations('aaaa', 'x@y.z')).toHaveLength(2);
  });
});
