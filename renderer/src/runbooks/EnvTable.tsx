/** The environment a step run exports, one row a variable (secret values arrive masked from main). */
export function EnvTable({ env, label }: { env: Record<string, string>; label?: string }) {
  return (
    <table className="env-table" {...(label ? { 'aria-label': label } : {})}>
      <tbody>
        {Object.entries(env).map(([name, value]) => (
          <tr key={name}>
            <th>{name}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
