import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { errorText } from '../common/strings';
import { EngineersService } from '../engineers/engineers.service';
import { MeetupsService, type MeetupView } from '../meetups/meetups.service';
import { QuestionsService } from '../questions/questions.service';
import { firstNameOf } from './asker-name';
import { MatchingRepository } from './matching.repository';
import { routeQuestions } from './question-routing';

export interface BriefQuestion {
  id: string;
  body: string;
  votes: number;
  /** First name and city only: engineers never see more of an asker. */
  asker: { firstName: string; city: string; attending: boolean };
  routedTo: { engineerId: number; engineerCode: string } | null;
  answer: { engineerCode: string; note: string; answeredAt: Date } | null;
}

export interface BriefArea {
  productArea: { id: number; slug: string; nameEn: string; nameZh: string };
  votes: number;
  questions: BriefQuestion[];
}

export interface Brief {
  meetup: MeetupView;
  team: { engineerId: number; engineerCode: string; name: string; areas: string[] }[];
  productAreas: BriefArea[];
  /** Product areas with questions that no confirmed engineer knows. */
  uncovered: { slug: string; nameEn: string; nameZh: string }[];
  /** After the meetup: questions nobody marked answered, most voted first, for follow-up. */
  followUp: BriefQuestion[] | null;
  total: number;
}

/**
 * What a confirmed engineer sees of a meetup: its questions by product area, most voted first,
 * each routed to one engineer of the team and marked once answered. The caller checks access
 * (MeetupAccessService) before asking.
 */
@Injectable()
export class EngineerBriefService {
  constructor(
    private readonly repository: MatchingRepository,
    private readonly meetups: MeetupsService,
    private readonly questions: QuestionsService,
    private readonly engineers: EngineersService,
  ) {}

  /** The engineer's confirmed meetups: upcoming ones soonest first, then the past ones. */
  async myMeetups(engineerId: number, now = new Date()) {
    const ids = await this.repository.confirmedMeetupIds(engineerId);
    const meetups = await Promise.all(ids.map((id) => this.meetups.get(id)));
    const live = meetups.filter((m) => m.status !== 'cancelled');
    const isPast = (m: MeetupView) => new Date(m.endsAtUtc).getTime() < now.getTime();
    return {
      upcoming: live.filter((m) => !isPast(m)).sort((a, b) => a.startsAtUtc.localeCompare(b.startsAtUtc)),
      past: live.filter(isPast).sort((a, b) => b.startsAtUtc.localeCompare(a.startsAtUtc)),
    };
  }

  /** `manager`: read the team inside a transaction that is changing it (a confirmation's email). */
  async brief(meetupId: number, now = new Date(), manager?: EntityManager): Promise<Brief> {
    const [meetup, asked, assignments, profiles] = await Promise.all([
      this.meetups.get(meetupId),
      this.questions.forMeetup(meetupId),
      this.repository.assignments([meetupId], manager),
      this.engineers.forMatching(),
    ]);
    const team = assignments
      .filter((a) => a.state === 'confirmed')
      .map((a) => ({ assignment: a, profile: profiles.find((p) => p.id === a.engineerId) }));
    const all = asked.productAreas.flatMap((g) => g.questions.map((q) => ({ ...q, productAreaId: g.productArea.id })));
    const answers = new Map((await this.repository.answers(all.map((q) => q.id))).map((a) => [a.questionId, a]));
    const routes = routeQuestions(
      all.filter((q) => q.askerAttending && !answers.has(q.id)),
      team.map(({ assignment, profile }) => ({
        engineerId: assignment.engineerId,
        engineerCode: assignment.engineerCode,
        areas: new Map(
          (profile?.productAreaIds ?? []).map((id) => [
            id,
            profile?.expertAreaIds.includes(id) ? ('expert' as const) : ('knows' as const),
          ]),
        ),
      })),
    );
    const codeOf = (engineerId: number) =>
      team.find((t) => t.assignment.engineerId === engineerId)!.assignment.engineerCode;
    const productAreas: BriefArea[] = asked.productAreas.map((g) => ({
      productArea: g.productArea,
      votes: g.votes,
      questions: g.questions.map((q) => {
        const route = routes.get(q.id);
        const answer = answers.get(q.id);
        return {
          id: q.id,
          body: q.body,
          votes: q.votes,
          asker: { firstName: firstNameOf(q.askerName), city: q.askerCity, attending: q.askerAttending },
          routedTo: route ? { engineerId: route, engineerCode: codeOf(route) } : null,
          answer: answer
            ? { engineerCode: answer.engineerCode, note: answer.note, answeredAt: answer.answeredAt }
            : null,
        };
      }),
    }));
    const over = new Date(meetup.endsAtUtc).getTime() < now.getTime();
    return {
      meetup,
      team: team.map(({ assignment, profile }) => ({
        engineerId: assignment.engineerId,
        engineerCode: assignment.engineerCode,
        name: assignment.engineerName,
        areas: profile?.productAreas ?? [],
      })),
      productAreas,
      uncovered: asked.productAreas
        .filter((g) => !team.some((t) => t.profile?.productAreaIds.includes(g.productArea.id)))
        .map((g) => ({ slug: g.productArea.slug, nameEn: g.productArea.nameEn, nameZh: g.productArea.nameZh })),
      followUp: over
        ? productAreas
            .flatMap((a) => a.questions)
            .filter((q) => !q.answer)
            .sort((a, b) => b.votes - a.votes)
        : null,
      total: asked.total,
    };
  }

  /** Marks a question of the meetup answered, with a short note; marking again replaces the note. */
  async markAnswered(engineerId: number, meetupId: number, questionId: string, note: string): Promise<BriefQuestion> {
    if (!/^[1-9][0-9]{0,18}$/.test(questionId)) {
      throw new BadRequestException(errorText('match.err.questionMissing', { id: questionId.slice(0, 20) }));
    }
    const asked = await this.questions.forMeetup(meetupId);
    if (!asked.productAreas.some((g) => g.questions.some((q) => q.id === questionId))) {
      throw new NotFoundException(errorText('match.err.questionMissing', { id: questionId }));
    }
    await this.repository.markAnswered(questionId, engineerId, note.trim());
    const brief = await this.brief(meetupId);
    return brief.productAreas.flatMap((a) => a.questions).find((q) => q.id === questionId)!;
  }
}
