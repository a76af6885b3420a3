import { readJson, respond } from "@/app/_server/http";
import { requireUser } from "@/lib/auth/session";
import { instructorChangeSchema, listStaff, setInstructor } from "@/lib/instructor/admin";

export const dynamic = "force-dynamic";

export function GET() {
  return respond(async () => {
    await requireUser("ADMIN");
    return Response.json({ staff: await listStaff() });
  });
}

/** { email, instructor: true } makes a user an instructor; false takes it back. */
export function PUT(request: Request) {
  return respond(async () => {
    await requireUser("ADMIN");
    const { email, instructor } = await readJson(request, instructorChangeSchema);
    return Response.json({ user: await setInstructor(email, instructor) });
  });
}
