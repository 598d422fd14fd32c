// The Review button that ends a row of a review queue (the local one and the team service's).
export function ReviewCell({ label, onOpen }: { label: string; onOpen: () => void }) {
  return (
    <td className="num">
      <button type="button" className="button primary small" onClick={onOpen} aria-label={label}>
        Review
      </button>
    </td>
  );
}
