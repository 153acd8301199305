export function Logo({ size = 48 }: { size?: number }) {
  return (
    <svg className="logo" width={size} height={size} viewBox="0 0 64 64" aria-hidden="true">
      <rect width="64" height="64" rx="18" fill="var(--accent)" />
      <circle cx="25" cy="30" r="11" fill="none" stroke="var(--on-accent)" strokeWidth="5" />
      <circle cx="39" cy="34" r="11" fill="none" stroke="var(--on-accent)" strokeWidth="5" opacity="0.85" />
    </svg>
  );
}
