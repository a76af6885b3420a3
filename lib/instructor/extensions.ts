import { z } from "zod";
import { HttpError } from "../auth/session";
import type { ExtensionView } from "../contracts/extensions";
import { slugSchema } from "../contracts/slug";
import { extendedDue, studentDue } from "../courses/extensions";
import { db } from "../db";
import { publishCohortChange } from "../lti/publish";

/**
 * Extensions an instructor grants the students of their cohort: a later due date on one exercise,
 * or on every deadline of the cohort, with a note. Granting again for the same student and scope
 * replaces the earlier extension; revoking deletes it. Lateness everywhere (the student's pages,
 * the matrix, the gradebook) is judged by the student's own due date.
 */
const dateString = z.string().max(40).pipe(z.coerce.date());
const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Not an id");

export const grantSchema = z
  .object({
    userIds: z.array(idSchema).min(1, "Choose at least one student").max(500),
    /** null: all the cohort's deadlines. */
    exerciseSlug: z.union([z.null(), slugSchema('"exerciseSlug" must be an exercise slug.')]),
    dueAt: dateString.optional(),
    extraMinutes: z
      .number()
      .int()
      .min(1)
      .max(366 * 24 * 60)
      .optional(),
    note: z.string().trim().max(500).default(""),
  })
  .strict()
  .refine((g) => (g.dueAt === undefined) !== (g.extraMinutes === undefined), {
    message: "Give either a new due date or a number of extra minutes",
    path: ["dueAt"],
  });
export type Grant = z.infer<typeof grantSchema>;

const include = {
  user: { select: { id: true, name: true, email: true } },
  grantedBy: { select: { name: true } },
} as const;

export async function listExtensions(cohortId: string): Promise<ExtensionView[]> {
  const [rows, deadlines] = await Promise.all([
    db().extension.findMany({ where: { cohortId }, include, orderBy: [{ createdAt: "desc" }] }),
    db().deadline.findMany({ where: { cohortId }, select: { exerciseSlug: true, dueAt: true } }),
  ]);
  const due = new Map(deadlines.map((d) => [d.exerciseSlug, d.dueAt]));
  return rows.map((x) => {
    const deadline = x.exerciseSlug ? (due.get(x.exerciseSlug) ?? null) : null;
    return {
      id: x.id,
      student: x.user,
      exerciseSlug: x.exerciseSlug,
      dueAt: x.dueAt?.toISOString() ?? null,
      extraMinutes: x.extraMinutes,
      deadline: deadline?.toISOString() ?? null,
      extendedTo: deadline
        ? extendedDue(deadline, x).toISOString()
        : x.exerciseSlug
          ? null
          : (x.dueAt?.toISOString() ?? null),
      note: x.note,
      grantedBy: x.grantedBy?.name ?? null,
      createdAt: x.createdAt.toISOString(),
    };
  });
}

/**
 * Grants the extension to every listed student, or to none: each must be enrolled in the cohort,
 * and the exercise (if one) must have a deadline there that the new due date is later than.
 */
export async function grantExtensions(cohortId: string, grantedById: string, grant: Grant): Promise<ExtensionView[]> {
  const userIds = [...new Set(grant.userIds)];
  const ids = await db().$transaction(async (tx) => {
    const enrolled = await tx.enrollment.count({ where: { cohortId, userId: { in: userIds } } });
    if (enrolled !== userIds.length) throw new HttpError(400, "Extensions are for students of this cohort only.");
    if (grant.exerciseSlug) {
      const deadline = await tx.deadline.findUnique({
        where: { cohortId_exerciseSlug: { cohortId, exerciseSlug: grant.exerciseSlug } },
      });
      if (!deadline)
        throw new HttpError(400, "This exercise has no deadline in the cohort: there is nothing to extend.");
      if (grant.dueAt && grant.dueAt <= deadline.dueAt)
        throw new HttpError(400, "An extension's due date must be later than the deadline.");
    } else if ((await tx.deadline.count({ where: { cohortId } })) === 0) {
      throw new HttpError(400, "The cohort has no deadlines to extend.");
    }
    await tx.extension.deleteMany({ where: { cohortId, userId: { in: userIds }, exerciseSlug: grant.exerciseSlug } });
    const created = [];
    for (const userId of userIds)
      created.push(
        await tx.extension.create({
          data: {
            cohortId,
            userId,
            exerciseSlug: grant.exerciseSlug,
            dueAt: grant.dueAt ?? null,
            extraMinutes: grant.extraMinutes ?? null,
            note: grant.note,
            grantedById,
          },
          select: { id: true },
        }),
      );
    return new Set(created.map((c) => c.id));
  });
  publishCohortChange(cohortId); // a later due date may change LMS scores (issue 26)
  return (await listExtensions(cohortId)).filter((x) => ids.has(x.id));
}

/** Revokes one extension of this cohort (another cohort's is a 404, as if it did not exist). */
export async function revokeExtension(cohortId: string, extensionId: string): Promise<void> {
  const { count } = await db().extension.deleteMany({ where: { id: extensionId, cohortId } });
  if (count === 0) throw new HttpError(404, "No such extension in this cohort.");
  publishCohortChange(cohortId); // LMS scores (issue 26)
}

/** Per student, the exercises whose due date an extension moved, and to when. */
export async function extendedDueDates(cohortId: string): Promise<Map<string, Map<string, Date>>> {
  const [rows, deadlines] = await Promise.all([
    db().extension.findMany({
      where: { cohortId },
      select: { userId: true, exerciseSlug: true, dueAt: true, extraMinutes: true },
    }),
    db().deadline.findMany({ where: { cohortId }, select: { exerciseSlug: true, dueAt: true } }),
  ]);
  const out = new Map<string, Map<string, Date>>();
  for (const { userId } of rows) {
    if (out.has(userId)) continue;
    const mine = rows.filter((r) => r.userId === userId);
    const moved = new Map<string, Date>();
    for (const d of deadlines) {
      const due = studentDue(d.dueAt, d.exerciseSlug, mine);
      if (due > d.dueAt) moved.set(d.exerciseSlug, due);
    }
    out.set(userId, moved);
  }
  return out;
}
