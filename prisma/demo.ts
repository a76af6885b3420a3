/** The demo data `npm start` seeds and prints; tests sign in with these too. Local use only. */
export const DEMO = {
  instructor: { email: "instructor@demo.test", password: "instructor-demo-pass", name: "Ada Instructor" },
  student: { email: "student@demo.test", password: "student-demo-pass", name: "Sam Student" },
  admin: { email: "admin@demo.test", password: "admin-demo-pass", name: "Alex Admin" },
  cohort: { name: "Asyncio — Demo Cohort", joinCode: "DEMO-ASYNC" },
} as const;
