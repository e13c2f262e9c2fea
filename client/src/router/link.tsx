import { splitProps, type JSX } from 'solid-js';
import { navigate } from './router';

/** An anchor that navigates inside the studio (modifier-clicks still open a new tab). */
export function Link(props: JSX.AnchorHTMLAttributes<HTMLAnchorElement> & { href: string; replace?: boolean }) {
  const [own, rest] = splitProps(props, ['href', 'replace', 'onClick']);
  return (
    <a
      {...rest}
      href={own.href}
      onClick={(event) => {
        if (typeof own.onClick === 'function') own.onClick(event);
        if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(own.href, { replace: own.replace });
      }}
    />
  );
}
