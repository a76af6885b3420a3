import "./instructor.css";

export default function InstructorLayout({ children }: { children: React.ReactNode }) {
  return children;
}
