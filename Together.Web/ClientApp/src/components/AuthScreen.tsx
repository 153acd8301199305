import { type FormEvent, useState } from "react";
import { api } from "../api/endpoints";
import { ApiError } from "../api/problem";
import { session } from "../api/session";
import { navigate } from "../app/router";
import { useStore } from "../store/store";
import { Field } from "./Field";
import { Logo } from "./Logo";

type Mode = "login" | "register" | "setup";

const titles: Record<Mode, [string, string]> = {
  login: ["Welcome back", "Sign in to carry on the conversation."],
  register: ["Create an account", "Pick a name people will know you by."],
  setup: ["Set up Together", "Nobody has an account here yet. The first account administers this instance."],
};

/** Sign in, sign up, and the first run's "create the administrator" form; errors appear by the field they concern. */
export function AuthScreen({ mode, onSignedIn }: { mode: Mode; onSignedIn: () => void }) {
  const [values, setValues] = useState({ login: "", username: "", displayName: "", email: "", password: "" });
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [title, subtitle] = titles[mode];
  const set = (key: keyof typeof values) => (event: { target: { value: string } }) => setValues({ ...values, [key]: event.target.value });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const auth =
        mode === "login"
          ? await api.login({ login: values.login, password: values.password })
          : await api.register({
              username: values.username,
              password: values.password,
              displayName: values.displayName || undefined,
              email: values.email || undefined,
            });
      session.save(auth);
      useStore.getState().setMe(auth.user);
      onSignedIn();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, { detail: String(caught) }));
    } finally {
      setBusy(false);
    }
  }

  const general = error?.general;
  return (
    <main className="auth">
      <form className="auth-card" onSubmit={submit} noValidate aria-labelledby="auth-title">
        <Logo />
        <h1 id="auth-title">{title}</h1>
        <p className="muted">{subtitle}</p>
        {general ? (
          <p className="form-error" role="alert">
            {general}
          </p>
        ) : null}
        {mode === "login" ? (
          <Field label="Username or email" name="login" autoComplete="username" required autoFocus value={values.login} onChange={set("login")} error={error?.field("login")} />
        ) : (
          <>
            <Field label="Username" name="username" autoComplete="username" required autoFocus value={values.username} onChange={set("username")}
              error={error?.field("username")} hint="2–32 letters, digits, _ and ." />
            <Field label="Display name" name="displayName" autoComplete="nickname" value={values.displayName} onChange={set("displayName")} error={error?.field("displayName")} />
            <Field label="Email (optional)" name="email" type="email" autoComplete="email" value={values.email} onChange={set("email")} error={error?.field("email")} />
          </>
        )}
        <Field label="Password" name="password" type="password" required autoComplete={mode === "login" ? "current-password" : "new-password"}
          value={values.password} onChange={set("password")} error={error?.field("password")} hint={mode === "login" ? undefined : "At least 8 characters"} />
        <button className="primary wide" type="submit" disabled={busy}>
          {mode === "login" ? "Sign in" : mode === "setup" ? "Create the administrator account" : "Create account"}
        </button>
        {mode === "login" ? (
          <p className="muted small">
            New here? <a href={`/register${window.location.search}`} onClick={(e) => { e.preventDefault(); navigate(`/register${window.location.search}`); }}>Create an account</a>
          </p>
        ) : mode === "register" ? (
          <p className="muted small">
            Have an account? <a href={`/login${window.location.search}`} onClick={(e) => { e.preventDefault(); navigate(`/login${window.location.search}`); }}>Sign in</a>
          </p>
        ) : null}
      </form>
    </main>
  );
}
