import { z } from "zod";
import { HttpError } from "../auth/session";
import { db } from "../db";

/** Who may teach: admins make a registered user an instructor, or take it back. */
export const instructorChangeSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(200),
  instructor: z.boolean(),
});

export function listStaff() {
  return db().user.findMany({
    where: { role: { in: ["INSTRUCTOR", "ADMIN"] } },
    select: { id: true, name: true, email: true, role: true, _count: { select: { teaching: true } } },
    orderBy: [{ role: "asc" }, { name: "asc" }],
  });
}

/**
 * An instructor taken back to student keeps their cohort links, but every instructor page and API
 * refuses them from the next request (roles are read fresh from the database).
 */
export async function setInstructor(email: string, instructor: boolean) {
  const user = await db().user.findUnique({ where: { email }, select: { id: true, role: true } });
  if (!user) throw new HttpError(404, "No account has this email: ask them to sign up first.");
  if (user.role === "ADMIN") throw new HttpError(409, "Admins already teach; their role is not changed here.");
  return db().user.update({
    where: { id: user.id },
    data: { role: instructor ? "INSTRUCTOR" : "STUDENT" },
    select: { id: true, name: true, email: true, role: true },
  });
}
