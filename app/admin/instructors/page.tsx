import { notFound } from "next/navigation";
import { userOrSignIn } from "@/app/_server/auth";
import { listStaff } from "@/lib/instructor/admin";
import { StaffForm } from "./StaffForm";

export const metadata = { title: "Instructors" };

/** Admins decide who teaches. Anyone else gets the 404 of a page that does not exist. */
export default async function InstructorsAdmin() {
  const user = await userOrSignIn("/admin/instructors");
  if (user.role !== "ADMIN") notFound();
  const staff = await listStaff();
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Instructors</h1>
          <p>Instructors create cohorts and see their students&apos; work. Admins teach too.</p>
        </div>
      </div>
      <section className="card table-wrap">
        <table className="data" data-testid="staff">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Cohorts</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((s) => (
              <tr key={s.id} data-email={s.email}>
                <td>{s.name}</td>
                <td>{s.email}</td>
                <td>{s.role.toLowerCase()}</td>
                <td className="num">{s._count.teaching}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card">
        <h2>Change who teaches</h2>
        <StaffForm />
      </section>
    </div>
  );
}
