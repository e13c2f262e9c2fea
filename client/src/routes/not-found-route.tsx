import { Link } from '../router/link';

export function NotFoundRoute() {
  return (
    <div class="empty-state card">
      <h1>Page not found</h1>
      <p class="muted">This address does not exist in the studio.</p>
      <Link href="/" class="button">
        Back to influencers
      </Link>
    </div>
  );
}
