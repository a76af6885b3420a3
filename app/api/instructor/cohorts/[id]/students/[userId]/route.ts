import { respond } from "@/app/_server/http";
import { slugSchema } from "@/lib/contracts/slug";
import { requireCohortAccess, requireCohortStaff } from "@/lib/instructor/access";
import { removeStudent } from "@/lib/instructor/cohorts";
import { studentAttempts } from "@/lib/instructor/student";
import { idsOf } from "@/app/_server/params";

type Ctx = { params: Promise<{ id: string; userId: string }> };
export const dynamic = "force-dynamic";

/** The student's attempts (optionally of one exercise: ?exercise=slug) with code and results. */
export function GET(request: Request, { params }: Ctx) {
  return respond(async () => {
    const { id, userId } = await idsOf(params);
    // TAs read code; removing a student (DELETE) stays the instructors'.
    await requireCohortStaff(id);
    const exercise = new URL(request.url).searchParams.get("exercise");
    return Response.json(
      await studentAttempts(
        id,
        userId,
        exercise === null ? undefined : slugSchema("not an exercise slug").parse(exercise),
      ),
    );
  });
}

export function DELETE(_: Request, { params }: Ctx) {
  return respond(async () => {
    const { id, userId } = await idsOf(params);
    await requireCohortAccess(id);
    await removeStudent(id, userId);
    return new Response(null, { status: 204 });
  });
}
