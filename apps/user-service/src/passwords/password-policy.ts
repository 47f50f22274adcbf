/**
 * The password policy (docs/decisions/0009-identity.md). Length is what makes a password strong; composition
 * rules are not required (NIST SP 800-63B). bcrypt only reads the first 72 bytes, so longer passwords are
 * refused rather than silently truncated: two passwords sharing their first 72 bytes would otherwise match.
 */
export const PASSWORD_MIN_CHARACTERS = 12;
export const PASSWORD_MAX_BYTES = 72;
const MIN_DISTINCT_CHARACTERS = 4;
/** Shorter local parts ("al" in al@x.io) occur by chance in good passwords; longer ones are a real reuse. */
const MIN_LOCAL_PART_TO_CHECK = 4;

/** Every rule the password breaks, worded for the client; empty when it is acceptable. */
export function passwordPolicyViolations(password: string, email?: string): string[] {
  const problems: string[] = [];
  const characters = [...password];
  if (characters.length < PASSWORD_MIN_CHARACTERS)
    problems.push(`password must be at least ${PASSWORD_MIN_CHARACTERS} characters long`);
  if (Buffer.byteLength(password, 'utf8') > PASSWORD_MAX_BYTES)
    problems.push(`password must be at most ${PASSWORD_MAX_BYTES} bytes in UTF-8 (bcrypt ignores anything longer)`);
  if (new Set(characters).size < MIN_DISTINCT_CHARACTERS)
    problems.push(`password must contain at least ${MIN_DISTINCT_CHARACTERS} different characters`);
  if (email && containsEmail(password, email)) problems.push('password must not contain the email address');
  return problems;
}

function containsEmail(password: string, email: string): boolean {
  const lowered = password.toLowerCase();
  const normalized = email.trim().toLowerCase();
  const localPart = normalized.split('@')[0] ?? '';
  return lowered.includes(normalized) || (localPart.length >= MIN_LOCAL_PART_TO_CHECK && lowered.includes(localPart));
}
