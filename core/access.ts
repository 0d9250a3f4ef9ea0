/** Roles, permissions and clearances: plain constants shared by the schema, the rules and the UI. */
export const roles = ['central_registry_officer', 'unit_clerk', 'executive', 'staff', 'tenant_admin'] as const;
export type Role = (typeof roles)[number];

export const permissions = ['open', 'receive', 'send', 'sign', 'admin'] as const;
export type Permission = (typeof permissions)[number];

/** Secrecy clearance (Official Secrets Regulation 2544); ลับที่สุด never travels through the system. */
export const clearances = ['none', 'confidential', 'secret'] as const;
export type Clearance = (typeof clearances)[number];
