import { sql } from 'drizzle-orm';
import type { TenantTx } from '@/db/scope';
import { roles } from '@/core/access';
import { permissionsOfRole } from '@/server/auth/permissions';

const signingRoles = sql.join(roles.filter((role) => permissionsOfRole(role).includes('sign')).map((role) => sql`${role}`), sql`, `);

export type Signer = { id: string; fullNameTh: string; position: string };

/**
 * Who may be chosen to sign: active people holding the right to sign (by a role in some unit,
 * or given to them), not those it was taken from. The agency's own chain comes first: its
 * default signer, then people by how high their signing unit stands (the head of the agency's
 * own unit before a division's), then by name.
 */
export async function listSigners(tx: TenantTx, tenantId: string, chainSignerId: string | null | undefined): Promise<Signer[]> {
  const rows = await tx.execute<{ id: string; full_name_th: string; position: string }>(sql`
    with recursive tree as (
      select id, 0 as depth from units where tenant_id = ${tenantId} and parent_id is null
      union all
      select u.id, tree.depth + 1 from units u join tree on u.parent_id = tree.id where u.tenant_id = ${tenantId})
    select p.id, p.full_name_th, p.position
    from users p
    left join memberships m on m.tenant_id = p.tenant_id and m.user_id = p.id and m.role in (${signingRoles})
    left join tree on tree.id = m.unit_id
    where p.tenant_id = ${tenantId} and p.status = 'active'
      and not exists (select 1 from permission_overrides o where o.tenant_id = p.tenant_id and o.user_id = p.id and o.permission = 'sign' and not o.allowed)
      and (m.user_id is not null
        or exists (select 1 from permission_overrides o where o.tenant_id = p.tenant_id and o.user_id = p.id and o.permission = 'sign' and o.allowed))
    group by p.id, p.full_name_th, p.position
    order by p.id = ${chainSignerId ?? null}::uuid desc nulls last, min(tree.depth) nulls last, p.full_name_th`);
  return rows.map((r) => ({ id: r.id, fullNameTh: r.full_name_th, position: r.position }));
}
