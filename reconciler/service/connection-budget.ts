// The cap on connections to the service's HTTP port, kept so that nobody who can reach the port
// can lock the probes out: when the cap is reached, a new connection takes the place of the one
// that has waited longest without a request in progress (a half-open connection that never sent
// one, or a kept-alive one between requests); only when every connection is being answered is
// the new one dropped. Connections that never complete a request are cut by the server's
// headers timeout. Node's own `maxConnections` would drop the newcomer instead, probe or not.
import type { Server } from "node:http";
import type { Socket } from "node:net";

interface Tracked {
  /** Requests being answered on it now. */
  active: number;
}

export function budgetConnections(server: Server, maxConnections: number): void {
  // Insertion order is age: the first waiting entry is the one that has waited longest.
  const open = new Map<Socket, Tracked>();
  server.on("connection", (socket: Socket) => {
    if (open.size >= maxConnections) {
      const idle = [...open].find(([, tracked]) => tracked.active === 0)?.[0];
      if (!idle) {
        socket.destroy();
        return;
      }
      open.delete(idle);
      idle.destroy();
    }
    open.set(socket, { active: 0 });
    socket.once("close", () => open.delete(socket));
  });
  server.on("request", (req, res) => {
    const tracked = open.get(req.socket);
    if (!tracked) return;
    tracked.active += 1;
    // Moved to the back: a connection that just asked something is the last to make room.
    open.delete(req.socket);
    open.set(req.socket, tracked);
    res.once("close", () => {
      tracked.active -= 1;
    });
  });
}
