"""Role dashboards (issue 6): the firm's KPIs for a partner, the team's for a manager, one's own for a collaborator."""
