"""The import kinds the imports app plans itself (see :mod:`lindung.imports.planners`).

Workers, memberships and employers stay here for now; they register like any other app's.
"""

from lindung.imports.employers import EmployerPlanner
from lindung.imports.memberships import MembershipPlanner
from lindung.imports.models import ImportBatch
from lindung.imports.planners import register
from lindung.imports.workers import WorkerPlanner

register(ImportBatch.Kind.WORKERS, WorkerPlanner)
register(ImportBatch.Kind.MEMBERSHIPS, MembershipPlanner)
register(ImportBatch.Kind.EMPLOYERS, EmployerPlanner)
