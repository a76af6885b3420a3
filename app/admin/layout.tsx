import "../instructor/instructor.css";

export default function AdminLayout({ children }: { children: React.ReactNode }) {
  return children;
}
