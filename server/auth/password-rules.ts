/** Passwords: 10–128 characters (NIST SP 800-63B length rule; no composition rules). */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;
